// Chat webview entry (browser bundle).
