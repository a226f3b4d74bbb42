#pragma once

#include <optional>

class DialogPrompter;
class MainWindow;
class QApplication;
struct CliContext;

// The window connected to a store (ui/connect/StoreWindow) as the app
// starts and switches to it: Settings naming a store open it instead of
// the local ledger; the local window's "Connect to My Store" opens it in
// that window's place; its "Use a Local Ledger Instead" starts payoutdesk
// again on the local ledger.

// Whether Settings name a store (then runStoreWindow, not the ledger);
// never for `--admin`, whose window is the store's own ledger.
bool storeConfigured(const CliContext &ctx);
// Shows the connected window until the app quits: the event loop's code;
// nullopt when it cannot open (said to the person): open the local ledger.
std::optional<int> runStoreWindow(QApplication &app, CliContext &ctx);
// Wires the local window's "Connect to My Store" to the dialog and, once
// connected, to a connected window that replaces it.
void offerStoreConnection(MainWindow &local, CliContext &ctx, DialogPrompter &prompter);
