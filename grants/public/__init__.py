"""Public pages: competitions, results, accessibility statement, privacy notice."""
