"""Qt item models of the desk's pages: rows are the store's frozen results; long lists
(referrals, children) keep ids and a small window of rows and read pages in SQL, off the
GUI thread; short ones are replaced whole on refresh."""
