"""The main screen's panes and bars. They render a MarketView; they never fetch or compute."""
