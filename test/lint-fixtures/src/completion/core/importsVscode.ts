// Breaks: pure folders do not import vscode.
import * as vscode from 'vscode';

export const version = vscode.version;
