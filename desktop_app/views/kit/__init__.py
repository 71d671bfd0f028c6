"""Building blocks shared by every screen: the write operation, …"""
