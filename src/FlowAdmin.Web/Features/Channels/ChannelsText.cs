namespace FlowAdmin.Web.Features.Channels;

public sealed class ChannelsText;
