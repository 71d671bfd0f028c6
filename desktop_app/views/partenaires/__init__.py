"""The « Partenaires » section: the partners directory, the offers with their mises en relation and shortlist."""
