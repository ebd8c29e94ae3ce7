// Dashboard webview entry (browser bundle).
