"""The raw-page archive: every fetched article page kept as WARC/1.1 evidence.

Why: an outlet's page can be edited or taken down, and a better extractor
should be able to re-read last year's pages. The archive keeps the request
and the response exactly as the crawler saw them, in standard gzipped WARC
files that other tools (warcio, pywb, the Internet Archive's tools) read.

* :mod:`crawler.archive.writer` appends records to ``.warc.gz.part`` files,
  rotated by size and day, renamed when closed; a killed crawl's leftover
  ``.part`` files are cut back to their last whole record on the next start.
* :mod:`crawler.archive.reader` reads one record back by file and offset.
* :mod:`crawler.archive.middleware` is the Scrapy side: it archives the
  responses that become articles (or every page, by a setting) and hands the
  record's address to the item, so the stored row points at its capture.
* :mod:`crawler.archive.replay` serves archived responses to a crawl instead
  of the network (``scrapy crawl news -a replay=PATH``).
"""
