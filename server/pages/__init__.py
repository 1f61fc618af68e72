"""Homeowner pages: the hosted configurator, the quote page and the sample dealer site, with HTML errors."""
