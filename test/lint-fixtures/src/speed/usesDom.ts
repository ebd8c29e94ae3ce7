// Breaks: host code has no DOM lib (tsconfig.json leaves it out; only src/webview has it).
export const title = document.title;
