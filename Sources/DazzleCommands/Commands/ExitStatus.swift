/// The exit codes `dazzle` promises scripts.
public enum ExitStatus {
    /// Everything worked.
    public static let success: Int32 = 0
    /// The work failed: invalid files, unreadable input.
    public static let failure: Int32 = 1
    /// Some inputs were scored and some rejected; the rejected ones are listed with reasons.
    public static let someRejected: Int32 = 2
    /// The command line was wrong (`EX_USAGE`).
    public static let usage: Int32 = 64
}
