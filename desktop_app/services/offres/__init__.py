"""Job offers and mises en relation (issue 16): the ROME referential, the shortlist, the hiring pipeline."""
