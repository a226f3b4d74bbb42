#pragma once

struct DemoWindowRun;

// payoutdesk's half of `demo`: the window on the running demo's ledger,
// with the simulator's keys and the demo's engine. The command library
// calls it through CliProgram::demoWindow; payoutdesk-cli has none.
int runDemoWindow(const DemoWindowRun &run);
