/// "1 state", "4 states": counts read by people (reports, the page, the CLI) take the noun's number.
public func plural(_ n: Int, _ noun: String) -> String {
    "\(n) " + (n == 1 ? noun : noun + "s")
}
