"""Passerelle: offline-first case management for Missions Locales."""

__version__ = "0.1.0"
