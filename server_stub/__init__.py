"""Kezek's central queue server: the national queue, allocation, offers, referrals, SMS.

Named ``server_stub`` after the customer's design card; it is the real server.
"""
