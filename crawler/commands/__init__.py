"""Project commands: ``scrapy crawl`` with checks before anything is fetched."""
