"""Document builders (ReportLab): pure functions, data in, PDF bytes out."""
