/// The intrinsic functions' names ("States.Format", ...), for suggesting one when a call
/// misspells it.
public enum IntrinsicNames {
    public static var all: [String] { IntrinsicFunction.allCases.map(\.rawValue) }
}
