"""Exit codes of ``scrapy crawl news`` and the other commands, in one place.

Scripts and systemd units rely on them (README "Monitoring and scheduling"),
so every module that sets an exit code takes it from here.
"""

EXIT_OK = 0
EXIT_USAGE = 1  # a user mistake: bad sources file, bad argument, unusable database
EXIT_COMMAND_FAILED = 2  # export, archive, reprocess: bad input (database, option) or a failed write (argparse's code)
EXIT_SOURCE_PROBLEM = 3  # the crawl ran, but a source broke or writes were lost
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE: a service the command needs (Redis) cannot be reached
EXIT_LOCKED = 75  # EX_TEMPFAIL: another crawl holds the database; try again later
