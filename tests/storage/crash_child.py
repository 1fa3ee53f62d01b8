"""Child process of the crash test: adds credentials one by one, printing "index id" after each
add has returned, until it is killed."""

import sys

from wallet.services import WalletService
from wallet.verification.verify import VerifyOptions

home, credentials_file, passphrase = sys.argv[1:4]
service = WalletService(home, passphrase_source=lambda _why: passphrase)
service.profiles.unlock()
print("ready", flush=True)
with open(credentials_file, "rb") as handle:
    for index, line in enumerate(handle):
        added = service.credentials.add(line.rstrip(b"\n"), options=VerifyOptions())
        sys.stdout.write(f"{index} {added.id}\n")
        sys.stdout.flush()
print("done", flush=True)
