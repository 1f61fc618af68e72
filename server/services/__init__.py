"""The dealer's side: services shared by the dealer JSON API and the web back office.

Every function takes an open database and the dealer's slug and only ever touches that
dealer's rows, so one dealer can never read, change or detect another's data.
"""
