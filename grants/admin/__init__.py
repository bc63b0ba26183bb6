"""Administration: users and roles, dated rule sets."""
