"""Helpers of the test suite, by what they are (conftest.py holds only fixtures).

* paths.py           where the project and its sibling ../shared folder are
* demo.py            the bundled demo site and its seed article's parts
* servers.py         serve a folder over HTTP on 127.0.0.1 for one block
* crawl.py           run the real ``scrapy crawl news`` command
* databases.py       read a crawl's SQLite database back
* demo_database.py   a news database for the browsing and export tests
* fault_server.py    a misbehaving HTTP server and hostile pages
* dedupe_pages.py    the texts and pages of the dedupe tests
* datasette_app.py   the project's Datasette, in process
* cluster.py         crawl nodes and the writer as users run them
* redis_server.py    a real redis-server for the cluster tests
"""
