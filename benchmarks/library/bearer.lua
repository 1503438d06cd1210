-- wrk script: every request carries the benchmark token (TOKEN env var) as a bearer token.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
