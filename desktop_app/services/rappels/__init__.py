"""Messages of the rendez-vous as the laptops see them (issue 15): written by the hub, received by sync."""
