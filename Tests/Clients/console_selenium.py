#!/usr/bin/env python3
"""The console of `sfn serve` in a real browser: Debian's chromium and chromium-driver, driven by
Selenium. Usage: console_selenium.py PORT WORKDIR DEFINITION [SCREENSHOT.png]

It creates the demo state machine through the AWS API, then, as a user would: opens the console,
starts an execution with its input typed into the editor, watches the graph change while a Wait
holds it, opens the failed state's panel, redrives it to success, filters the executions list and
finds the state with the HTML name shown as text. It fails on any message in the browser's console
and on any request to another origin (the performance log). Prints `ok: CHECK` per check passed.
"""
import json
import os
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

PORT, WORK, DEFINITION = sys.argv[1], sys.argv[2], sys.argv[3]
SCREENSHOT = sys.argv[4] if len(sys.argv) > 4 else os.environ.get("SFN_SCREENSHOT")
BASE = f"http://127.0.0.1:{PORT}"
HTML_NAME = "<img src=x onerror=alert(1)>"


def ok(check):
    print(f"ok: {check}", flush=True)


def aws(operation, body):
    request = urllib.request.Request(
        BASE + "/", data=json.dumps(body).encode(), method="POST",
        headers={"X-Amz-Target": f"AWSStepFunctions.{operation}", "Content-Type": "application/x-amz-json-1.0"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def browser():
    options = Options()
    options.binary_location = next(p for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] if os.path.exists(p))
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                 "--disable-dev-shm-usage", "--no-first-run", f"--user-data-dir={WORK}/profile"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def statuses(driver):
    return driver.execute_script(
        "const o = {}; document.querySelectorAll('#graph g.state').forEach(g => "
        "o[g.getAttribute('data-state')] = g.getAttribute('data-status')); return o;")


def listed(driver):
    """The names in the executions list, top to bottom."""
    return driver.execute_script(
        "return [...document.querySelectorAll('tbody tr[data-arn] td:first-child')].map(td => td.textContent)")


def state_node(driver, name):
    for g in driver.find_elements(By.CSS_SELECTOR, "#graph g.state"):
        if g.get_attribute("data-state") == name:
            return g
    raise AssertionError(f"no state {name!r} in the graph")


def main():
    definition = open(DEFINITION).read()
    aws("CreateStateMachine", {"name": "console-demo", "definition": definition,
                               "roleArn": "arn:aws:iam::123456789012:role/demo"})
    ticket = os.path.join(WORK, "ticket")
    driver = browser()
    # The page redraws parts of itself as events arrive: an element found a moment ago may be gone.
    wait = WebDriverWait(driver, 30, ignored_exceptions=[StaleElementReferenceException])
    try:
        driver.get(BASE + "/")
        wait.until(lambda d: d.find_elements(By.LINK_TEXT, "console-demo"))
        ok("the state machines list shows console-demo")
        driver.find_element(By.LINK_TEXT, "console-demo").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#graph g.state"))
        # A click on a state shows its lines and JSON; a click on a line picks the state again.
        state_node(driver, "Hold").click()
        panel = driver.find_element(By.ID, "state-panel").text
        assert '"SecondsPath": "$.holdSeconds"' in panel, panel
        lines = driver.find_elements(By.CSS_SELECTOR, ".definition li.hit")
        assert lines and any("Hold" in li.text for li in lines), "the definition's lines of Hold are not marked"
        ok("a state picked in the graph shows its JSON and its lines")
        driver.find_element(By.ID, "validate").click()
        wait.until(lambda d: "Valid" in d.find_element(By.ID, "findings").text)
        ok("Validate reports the definition valid")

        driver.find_element(By.ID, "start-execution").click()
        editor = wait.until(lambda d: d.find_element(By.ID, "execution-input"))
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys(Keys.DELETE)
        editor.send_keys('{"holdSeconds": 4, "ticket": ')
        check = driver.find_element(By.ID, "input-check")
        assert "Line 1" in check.text and not driver.find_element(By.ID, "start-submit").is_enabled(), check.text
        ok("the editor refuses unfinished JSON with its line and column")
        editor.send_keys(json.dumps(ticket) + ', "items": [{"sku": "A-1", "price": 3}, {"sku": "B-2", "price": 5}]}')
        assert check.text == "Valid JSON.", check.text
        driver.find_element(By.ID, "execution-name").send_keys("demo-run")
        driver.find_element(By.ID, "start-submit").click()
        wait.until(lambda d: d.find_elements(By.ID, "execution-status"))
        driver.execute_script("window.__sameDocument = true;")
        wait.until(lambda d: statuses(d).get("Hold") == "running")
        before = statuses(driver)
        assert before.get("Route") == "succeeded" and before.get("Check ticket") == "not-reached", before
        ok("while the Wait holds it, Hold shows running and the rest not reached")
        wait.until(lambda d: d.find_element(By.ID, "execution-status").get_attribute("data-status") == "FAILED")
        # The page reads the whole execution once more when the stream ends, and redraws.
        wait.until(lambda d: d.execute_script("return document.body.dataset.live") == "ended")
        after = statuses(driver)
        assert driver.execute_script("return window.__sameDocument === true"), "the page reloaded"
        assert after.get("Hold") == "succeeded" and after.get("Check ticket") == "failed", after
        assert after.get("Lookup") == "caught" and after.get("Price") == "succeeded", after
        assert after.get(HTML_NAME) == "succeeded", after
        ok("the graph changed live, without a reload: succeeded, caught and failed states")

        state_node(driver, "Check ticket").click()
        wait.until(lambda d: d.find_elements(By.ID, "panel-error"))
        assert driver.find_element(By.ID, "panel-error").text == "TicketMissing"
        assert "no ticket file yet" in driver.find_element(By.ID, "panel-cause").text
        ok("the failed state's panel shows its error and cause")
        if SCREENSHOT:
            # Tall enough for the record, the error and the whole graph with the failed state's panel.
            driver.set_window_size(1440, 1500)
            driver.execute_script("window.scrollTo(0, 0)")
            time.sleep(0.3)
            driver.save_screenshot(SCREENSHOT)
            driver.set_window_size(1400, 1000)
            ok("screenshot written")

        assert driver.find_elements(By.CSS_SELECTOR, "#map-runs [data-map='Price items']"), "no Map run shown"
        ok("the Map run shows its iterations")
        rows = driver.find_elements(By.CSS_SELECTOR, "#events tr.event-row")
        assert len(rows) > 10
        rows[0].click()
        assert driver.find_elements(By.CSS_SELECTOR, "#events tr.event-details")
        ok("the event table opens an event's details")

        # The state named like markup is text in the graph, the panel and the table.
        node = state_node(driver, HTML_NAME)
        assert HTML_NAME in node.text, node.text
        node.click()
        assert driver.find_element(By.ID, "panel-name").text == HTML_NAME
        assert driver.execute_script("return document.querySelectorAll('img').length") == 0
        ok("the state with the HTML name is shown as text")

        open(ticket, "w").close()
        driver.find_element(By.ID, "redrive").click()
        wait.until(lambda d: d.find_element(By.ID, "execution-status").get_attribute("data-status") == "SUCCEEDED")
        wait.until(lambda d: statuses(d).get("Check ticket") == "succeeded")
        wait.until(lambda d: '"found"' in d.find_element(By.ID, "execution-output").text)
        ok("redrive ran the failed state again and the execution succeeded")

        aws("StartExecution", {"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:console-demo",
                               "name": "other-run", "input": json.dumps({"ticket": ticket, "items": []})})
        driver.find_element(By.LINK_TEXT, "Executions").click()
        wait.until(lambda d: listed(d) == ["other-run", "demo-run"])
        prefix = driver.find_element(By.ID, "filter-prefix")
        prefix.send_keys("other")
        prefix.send_keys(Keys.ENTER)
        wait.until(lambda d: listed(d) == ["other-run"])
        assert "prefix=other" in driver.current_url
        prefix.clear()
        prefix.send_keys("demo")
        prefix.send_keys(Keys.ENTER)
        wait.until(lambda d: listed(d) == ["demo-run"])
        ok("the executions list filters by name prefix")

        problems = [entry for entry in driver.get_log("browser")]
        assert not problems, f"the browser's console: {problems}"
        ok("no message in the browser's console")
        # Every request the console's pages made, and every request to the network at all (the
        # browser's own new-tab page loads chrome:// files, which are no request of ours).
        others, ours = [], 0
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                url = message["params"]["request"]["url"]
                document = message["params"].get("documentURL", "")
                mine = document.startswith(BASE + "/")
                if url.startswith(BASE + "/"):
                    ours += 1
                elif (mine and not url.startswith("data:")) or url.split(":")[0] in ("http", "https", "ws", "wss"):
                    others.append(url)
        assert ours > 10, f"the performance log shows only {ours} request(s) to the server"
        assert not others, f"requests to another origin: {others}"
        ok("no request to another origin")
    finally:
        driver.quit()


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # the message is the test's failure text
        print(f"FAILED: {type(error).__name__}: {error}", flush=True)
        sys.exit(1)
