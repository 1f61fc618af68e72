"""Quote-request intake: validation, spam defences and storing a request in one go."""
