"""Project Scrapy commands (``COMMANDS_MODULE``): ``crawl`` with checks before
anything is fetched, a run lock, and an exit code that tells cron when a source
broke."""
