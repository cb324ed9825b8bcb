@echo off
rem The durable-graphs CLI in VS Code's integrated terminals on Windows (see bin/durable-graphs).
setlocal
if defined DURABLE_GRAPHS_NODE (
  set "ELECTRON_RUN_AS_NODE=1"
  "%DURABLE_GRAPHS_NODE%" "%~dp0durable-graphs.js" %*
) else (
  node "%~dp0durable-graphs.js" %*
)
