package io.pactum.protocol;

import io.netty.buffer.ByteBuf;

import java.util.function.Function;

/** The type byte of every command, and the decoder for its body. The single registry both sides use. */
public enum CommandType {
    // client -> broker requests
    HELLO(1, Commands.Hello::decode),
    SET_CLIENT_ID(2, Commands.SetClientId::decode),
    CREATE_SESSION(3, Commands.CreateSession::decode),
    CLOSE_SESSION(4, Commands.CloseSession::decode),
    CREATE_CONSUMER(5, Commands.CreateConsumer::decode),
    CLOSE_CONSUMER(6, Commands.CloseConsumer::decode),
    SEND(7, Commands.Send::decode),
    ACK(8, Commands.Ack::decode),
    COMMIT(9, Commands.Commit::decode),
    ROLLBACK(10, Commands.Rollback::decode),
    RECOVER(11, Commands.Recover::decode),
    CREATE_BROWSER(13, Commands.CreateBrowser::decode),
    BROWSE_NEXT(14, Commands.BrowseNext::decode),
    CLOSE_BROWSER(15, Commands.CloseBrowser::decode),
    CREATE_DESTINATION(16, Commands.CreateDestination::decode),
    DELETE_DESTINATION(17, Commands.DeleteDestination::decode),
    PING(19, b -> new Commands.Ping()),
    LIST_QUEUES(20, b -> new Commands.ListQueues()),
    UNSUBSCRIBE(21, Commands.Unsubscribe::decode),
    EXPIRED(22, Commands.Expired::decode),
    START_DELIVERY(23, b -> new Commands.StartDelivery()),
    STOP_DELIVERY(24, b -> new Commands.StopDelivery()),
    RELEASE(25, Commands.Release::decode),
    CLOSE_CONNECTION(26, b -> new Commands.CloseConnection()),
    XA_START(30, XaCommands.XaStart::decode),
    XA_END(31, XaCommands.XaEnd::decode),
    XA_PREPARE(32, XaCommands.XaPrepare::decode),
    XA_COMMIT(33, XaCommands.XaCommit::decode),
    XA_ROLLBACK(34, XaCommands.XaRollback::decode),
    XA_FORGET(35, XaCommands.XaForget::decode),
    XA_RECOVER(36, b -> new XaCommands.XaRecover()),
    XA_LIST(37, b -> new XaCommands.XaList()),
    XA_HEURISTIC(38, XaCommands.XaHeuristic::decode),
    // client -> broker notifications
    CREDIT(12, Commands.Credit::decode),
    // broker -> client responses
    OK(64, b -> new Commands.Ok()),
    ERROR(65, Commands.Error::decode),
    HELLO_OK(66, Commands.HelloOk::decode),
    BROWSE_BATCH(67, Commands.BrowseBatch::decode),
    QUEUE_LIST(68, Commands.QueueList::decode),
    XA_VOTE(69, XaCommands.XaVote::decode),
    XA_XIDS(70, XaCommands.XaXids::decode),
    XA_BRANCH_LIST(71, XaCommands.XaBranchList::decode),
    QUEUE_STATS(72, Commands.QueueStats::decode),
    // broker -> client pushes
    DELIVER(80, Commands.Deliver::decode),
    DISCONNECT(81, Commands.Disconnect::decode);

    private static final CommandType[] BY_ID = new CommandType[128];

    static {
        for (CommandType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final byte id;
    private final Function<ByteBuf, Command> decoder;

    CommandType(int id, Function<ByteBuf, Command> decoder) {
        this.id = (byte) id;
        this.decoder = decoder;
    }

    public byte id() {
        return id;
    }

    public Command decode(ByteBuf body) {
        return decoder.apply(body);
    }

    public static CommandType of(byte id) {
        CommandType t = id >= 0 ? BY_ID[id] : null;
        if (t == null) {
            throw new MalformedFrameException("unknown command type " + id);
        }
        return t;
    }
}
