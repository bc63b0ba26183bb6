"""What needs me today: the start page of each role (officer, NGO, committee member, finance)
listing what waits for the user, with counts, deadlines and one link to act per item."""
