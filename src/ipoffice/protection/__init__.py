"""Administrative protection: patent disputes, clue transfer, credit management, typical cases."""
