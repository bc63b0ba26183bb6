"""NGOs and art. 3 ust. 3 entities: registration, members, verification."""
