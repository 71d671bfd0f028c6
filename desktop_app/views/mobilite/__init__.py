"""Screens of the mobility sections: ateliers mobilité (with prêts) and auto-école sociale."""
