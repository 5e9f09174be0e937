namespace FlowAdmin.Web.Features.ClosingReasons;

public sealed class ClosingReasonsText;
