"""Organisers: the public bodies that run procedures (the centre, the city office, ...)."""
