"""The access table: every route x every role (table*.py), the objects the routes act on
(objects*.py), and the test that walks it."""
