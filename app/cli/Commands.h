#pragma once

struct CliContext;

// One function per subcommand; each parses its own options from ctx.args.
int runImport(CliContext &ctx);
int runServe(CliContext &ctx);
int runStatus(CliContext &ctx);
int runVerify(CliContext &ctx);
int runArtists(CliContext &ctx);
int runCleanup(CliContext &ctx);
int runTriggerPayouts(CliContext &ctx);
int runSandbox(CliContext &ctx);
int runDemo(CliContext &ctx);
int runTrigger(CliContext &ctx);
int runStatement(CliContext &ctx);      // StatementCommand.cpp
int runLedgerPassword(CliContext &ctx); // LedgerPasswordCommand.cpp
// CommandsAdmin.cpp: the admin's headless actions.
int runHolds(CliContext &ctx);
int runReversals(CliContext &ctx);
int runQuarantine(CliContext &ctx);
int runAudit(CliContext &ctx);
// CommandsLedgerCopy.cpp: ledger copy and ledger backup.
int runLedger(CliContext &ctx);
