"""Small widgets every page shares: typed date and IIN fields, a debounced search box,
verdict and "waiting to sync" badges, notes and empty states, page actions, and the
words (:class:`terms.Terms`) stored values are shown with."""
