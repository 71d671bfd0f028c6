"""The partners directory (issue 16): organisations, their contact people, engagements and exchanges."""
