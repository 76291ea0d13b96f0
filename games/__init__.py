"""Mini-games. They see only the game input contract, never the sensors or the station."""
