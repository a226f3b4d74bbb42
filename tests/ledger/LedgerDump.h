#pragma once

class Ledger;
class QString;

// Everything a person or the engine reads from a ledger (balances, entries,
// artists and their paid transfers, refunds after payout, audit, quarantine,
// tokens, the inbox, meta), as text, through the store interfaces only:
// equal dumps mean two ledgers answer every read alike, whatever their
// backends. For tst_ledger_copy.
QString dump(Ledger &l);
