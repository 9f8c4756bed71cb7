"""Constants shared by the pages that show provincial figures (the board's headline list is nq57.board.HEADLINE)."""

PROVINCE = "12"
