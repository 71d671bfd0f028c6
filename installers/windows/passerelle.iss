; Inno Setup script of the Passerelle Windows installer (Inno Setup 6).
; 1. On Windows, from the project root:  .venv\Scripts\python installers\render_icons.py
;                                         .venv\Scripts\pyinstaller --noconfirm --clean installers\passerelle.spec
; 2. Then:  "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installers\windows\passerelle.iss
; Result: dist\passerelle-installation.exe (installs dist\passerelle\ per user or for all users).
#define AppName "Passerelle"
#define AppVersion "0.1.0"
#define AppExe "passerelle.exe"
#define Root "..\.."

[Setup]
AppId={{6C1E3B52-8F0B-4C0E-9C2A-5A1D2E0B7F31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Passerelle
DefaultDirName={autopf}\Passerelle
DefaultGroupName=Passerelle
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=passerelle-installation
SetupIconFile={#Root}\resources\icons\passerelle.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "Créer un raccourci sur le Bureau"; GroupDescription: "Raccourcis :"

[Files]
Source: "{#Root}\dist\passerelle\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Passerelle"; Filename: "{app}\{#AppExe}"; Comment: "Accompagnement des jeunes, hors ligne"
Name: "{group}\Désinstaller Passerelle"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Passerelle"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "Lancer Passerelle"; Flags: nowait postinstall skipifsilent

; The profiles (encrypted databases) live in the user's data folder and are never removed by the uninstaller.
