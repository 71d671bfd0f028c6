"""Building blocks shared by every screen: tasks and bus, the write operation, errors, geometry, French text,
form fields, tables, the jeune picker, the list-and-detail page, PDF preview, rights helpers."""
