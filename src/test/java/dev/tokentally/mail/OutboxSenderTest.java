package dev.tokentally.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.tokentally.testsupport.TestClock;
import dev.tokentally.testsupport.TestSmtp;
import dev.tokentally.testsupport.TokentallyTest;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

@TokentallyTest
class OutboxSenderTest {

    @RegisterExtension
    static GreenMailExtension smtp = TestSmtp.server();

    @Autowired
    MailOutbox outbox;
    @Autowired
    OutboxSender sender;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;
    @Autowired
    TransactionTemplate transaction;

    @Test
    void mail_written_before_a_restart_is_delivered_once_by_the_restarted_application() {
        transaction.executeWithoutResult(status -> outbox.enqueue(new MailOutbox.Message(null, List.of("ops@acme.test"),
                "Written before the restart", "<p>Hello</p>", "Hello", null, null)));
        // Nothing but the outbox row survives a restart: a sender that knows nothing else finds it and sends it.
        JavaMailSenderImpl smtpClient = new JavaMailSenderImpl();
        smtpClient.setHost("localhost");
        smtpClient.setPort(TokentallyTest.SMTP_PORT);
        OutboxSender afterRestart = new OutboxSender(new StaticListableBeanFactory(Map.of("mailSender", smtpClient))
                .getBeanProvider(JavaMailSender.class), jdbc, clock,
                new OutboxProperties("Tokentally <no-reply@tokentally.local>", Duration.ofSeconds(10)));

        assertThat(afterRestart.sendDue()).isEqualTo(1);
        assertThat(afterRestart.sendDue()).isZero();
        assertThat(sender.sendDue()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void an_attachment_travels_with_the_mail() throws Exception {
        transaction.executeWithoutResult(status -> outbox.enqueue(new MailOutbox.Message(null, List.of("billing@acme.test"),
                "Your invoice", "<p>Attached</p>", "Attached", "ACME-2026-0001.pdf", "%PDF-1.7 test".getBytes())));

        assertThat(sender.sendDue()).isEqualTo(1);

        MimeMessage mail = smtp.getReceivedMessages()[0];
        Multipart parts = (Multipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("ACME-2026-0001.pdf");
        assertThat(new String(parts.getBodyPart(1).getInputStream().readAllBytes())).isEqualTo("%PDF-1.7 test");
        assertThat(jdbc.sql("select sent_at is not null from mail_outbox").query(Boolean.class).single()).isTrue();
    }
}
