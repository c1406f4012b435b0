"""Project Scrapy commands (``COMMANDS_MODULE``): ``crawl`` with a run lock
and an exit code that tells cron when a source broke."""
