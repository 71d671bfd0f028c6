"""The Statistiques section: funders indicators with charts, targets, exports and the report PDF."""
