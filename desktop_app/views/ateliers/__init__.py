"""The « Ateliers mobilité » section: sessions and their enrolments, the prêts of the plate-forme mobilité."""
