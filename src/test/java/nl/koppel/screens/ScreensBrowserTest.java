package nl.koppel.screens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.simulator.exactonline.GenerationPlan;
import nl.koppel.simulator.exactonline.SimulatedDivision;
import nl.koppel.simulator.snelstart.SnelStartSimulator;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import nl.koppel.support.TestSimulators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The office's screens in a real browser (headless Chromium), clicked as the office's users would: the sync user
 * makes the link through the simulator's sign-in page and comes back connected; a plain user sees who can act; a
 * revoke shows up at Nu controleren with its reason and in the notifications; a dossier is added and synchronised by
 * hand, with the 15-minute limit shown as the time it is possible again. Screenshots go to target/screenshots.
 */
class ScreensBrowserTest extends KoppelIntegrationTest {

    private static final String EXACT_PASSWORD = "exact-wachtwoord";

    private BrowserSession browser;

    @BeforeEach
    void browser() {
        browser = BrowserSession.forKoppelAt(port);
        browser.phoneWidth(false);
    }

    @Test
    void theSyncUserMakesTheLinkInTheBrowserAndSeesItBreak() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        exact.password(office.exactUserName(), EXACT_PASSWORD);

        browser.signIn(office.superUser().username(), PASSWORD);
        browser.open("/");
        assertThat(browser.text(By.cssSelector("#systeem-exact-online .status-label"))).isEqualTo("niet verbonden");
        assertThat(browser.text(By.cssSelector("#systeem-exact-online .reason")))
                .isEqualTo("de koppeling is nog nooit gemaakt");
        browser.screenshot("01-boekhoudsysteem-niet-verbonden");

        // Koppeling maken: on to the simulator's sign-in page; a wrong password is refused there
        browser.driver.findElement(By.cssSelector("#systeem-exact-online button.koppeling-maken")).click();
        browser.waitFor(By.id("password"));
        assertThat(browser.driver.getCurrentUrl()).startsWith(exact.baseUrl() + "/api/oauth2/auth");
        browser.screenshot("02-exact-online-inloggen");
        browser.driver.findElement(By.id("username")).sendKeys(office.exactUserName());
        browser.driver.findElement(By.id("password")).sendKeys("fout-wachtwoord");
        browser.driver.findElement(By.id("inloggen")).click();
        assertThat(browser.text(By.id("fout"))).isEqualTo("Gebruikersnaam of wachtwoord is onjuist.");
        browser.driver.findElement(By.id("password")).sendKeys(EXACT_PASSWORD, Keys.ENTER);

        // back on the tab with the banner, by keyboard from here on
        browser.waitForText(By.id("melding"), "Koppeling gemaakt");
        assertThat(browser.driver.getCurrentUrl()).startsWith(BrowserSession.KOPPEL
                + "/instellingen/kantoor/boekhoudsysteem");
        assertThat(browser.text(By.id("melding")))
                .isEqualTo("✓ Koppeling gemaakt: Exact Online is verbonden als " + office.exactUserName() + ".");
        assertThat(browser.text(By.cssSelector("#systeem-exact-online .status-label"))).isEqualTo("login gelukt");
        assertThat(browser.text(By.cssSelector("#systeem-exact-online .linked-user")))
                .startsWith(office.exactUserName());
        assertThat(connection(office, connectionId, office.superUser()).json().path("statusLabel").asText())
                .isEqualTo("login gelukt");
        browser.screenshot("03-koppeling-gemaakt");

        // the sync user's link opens Gebruikersinstellingen > Boekhoudsysteemgebruikers
        browser.driver.findElement(By.cssSelector("#systeem-exact-online a.sync-user")).sendKeys(Keys.ENTER);
        browser.waitFor(By.cssSelector("table.stack"));
        assertThat(browser.text(By.cssSelector("table.stack tbody tr"))).contains("Exact Online")
                .contains(office.exactUserName()).contains("login gelukt");
        browser.screenshot("04-boekhoudsysteemgebruikers");

        // a revoke at Exact: Nu controleren shows niet verbonden with the reason in words
        exact.revokeGrants(office.exactUserName());
        browser.open("/instellingen/kantoor/boekhoudsysteem");
        browser.driver.findElement(By.cssSelector("#systeem-exact-online button.nu-controleren")).click();
        browser.waitForText(By.cssSelector("#systeem-exact-online .status-label"), "niet verbonden");
        assertThat(browser.text(By.cssSelector("#systeem-exact-online .reason")))
                .isEqualTo("Exact Online accepteert de toegang van Koppel niet meer: de toegang is ingetrokken of de"
                        + " login is ongeldig geworden");
        assertThat(browser.text(By.id("fout"))).contains("niet verbonden");
        browser.screenshot("05-na-intrekken-niet-verbonden");

        // the notification about it: the unread count in the header, the list, mark read
        assertThat(browser.text(By.id("ongelezen"))).isEqualTo("1");
        browser.driver.findElement(By.id("meldingen-link")).click();
        assertThat(browser.text(By.cssSelector("#meldingen li.unread strong"))).isEqualTo("Exact Online is niet verbonden");
        browser.screenshot("06-meldingen");
        browser.driver.findElement(By.cssSelector("#meldingen li.unread form button")).click();
        browser.waitForText(By.id("ongelezen"), "0");
        assertThat(browser.driver.findElements(By.cssSelector("#meldingen li.unread"))).isEmpty();
    }

    /**
     * SnelStart links by connection key: Koppeling maken opens Koppel's key page; a wrong key is refused there, each
     * right one adds its administration; a key revoked later fails only its dossier, which says what to do.
     */
    @Test
    void theSyncUserEntersConnectionKeysAndARevokedKeyFailsOnlyItsDossier() {
        TestOffice office = provisionOffice();
        TestApi.Reply added = api.post(office.path() + "/accounting-systems", office.superUser().username(), PASSWORD,
                Map.of("type", "snelstart", "syncUserId", office.superUser().id().toString()));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        UUID connectionId = UUID.fromString(added.json().path("id").asText());
        SnelStartSimulator snelstart = TestSimulators.snelstart();
        SnelStartSimulator.Administration bakker = snelstart.addAdministration("Bakkerij Brood " + connectionId
                .toString().substring(0, 4));
        SnelStartSimulator.Administration smid = snelstart.addAdministration("Smederij IJzer " + connectionId
                .toString().substring(0, 4));
        String bakkerKey = snelstart.createKey(bakker.id());
        String smidKey = snelstart.createKey(smid.id());

        browser.signIn(office.superUser().username(), PASSWORD);
        browser.open("/");
        browser.driver.findElement(By.cssSelector("#systeem-snelstart button.koppeling-maken")).click();
        WebElement field = browser.waitFor(By.id("koppelsleutel"));
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(BrowserSession.KOPPEL + "/koppeling/sleutel");
        assertThat(field.getAttribute("type")).isEqualTo("password");
        assertThat(field.getAttribute("autocomplete")).isEqualTo("off");
        assertThat(browser.text(By.id("geen-administraties"))).isEqualTo("Nog geen administraties gekoppeld.");
        browser.screenshot("13-koppelsleutel-invoeren");

        field.sendKeys("geen-echte-sleutel");
        browser.driver.findElement(By.id("koppelen")).click();
        browser.waitForText(By.id("fout"), "accepteert deze koppelsleutel niet");
        browser.driver.findElement(By.id("koppelsleutel")).sendKeys(bakkerKey);
        browser.driver.findElement(By.id("koppelen")).click();
        browser.waitForText(By.id("melding"), "Administratie " + bakker.name() + " gekoppeld");
        assertThat(browser.driver.findElement(By.id("koppelsleutel")).getAttribute("value")).isEmpty();
        browser.driver.findElement(By.id("koppelsleutel")).sendKeys(smidKey, Keys.ENTER); // by keyboard too
        browser.waitForText(By.id("melding"), "Administratie " + smid.name() + " gekoppeld");
        assertThat(browser.text(By.id("administraties"))).contains(bakker.name()).contains(smid.name())
                .contains("koppelsleutel werkt");
        assertThat(browser.driver.getPageSource()).doesNotContain(bakkerKey).doesNotContain(smidKey);
        browser.screenshot("14-koppelsleutels-gekoppeld");
        browser.driver.findElement(By.id("klaar")).click();
        browser.waitForText(By.cssSelector("#systeem-snelstart .status-label"), "login gelukt");
        assertThat(browser.text(By.cssSelector("#systeem-snelstart .connection-keys")))
                .startsWith("2 koppelsleutel(s) werken, 0 niet meer");

        // the smederij's coupling is deleted in SnelStart: only its dossier fails, and says what to do
        snelstart.revokeKey(smidKey);
        browser.driver.findElement(By.cssSelector("#systeem-snelstart button.nu-controleren")).click();
        browser.waitForText(By.cssSelector("#systeem-snelstart .connection-keys"), "1 koppelsleutel(s) werken, 1 niet");
        assertThat(browser.text(By.cssSelector("#systeem-snelstart .status-label"))).isEqualTo("login gelukt");
        browser.open("/dossiers");
        assertThat(browser.text(By.cssSelector(".dossier-reden"))).startsWith("De koppelsleutel van deze administratie"
                + " werkt niet meer: voer een nieuwe koppelsleutel in.");
        browser.screenshot("15-dossier-koppelsleutel-werkt-niet-meer");
        assertThat(connection(office, connectionId, office.superUser()).json().path("status").asText())
                .isEqualTo("CONNECTED");
        jdbc.sql("UPDATE accounting_system_connection SET status = 'NOT_CONNECTED', status_reason = 'SYNC_USER_CHANGED'"
                + " WHERE id = :id").param("id", connectionId).update(); // stop its background work
    }

    @Test
    void othersSeeWhoCanActAndHaveNoButton() {
        TestOffice office = provisionOffice();
        addExactOnline(office, office.superUser());
        String syncUserName = "Name of " + office.superUser().username();

        browser.signIn(office.user().username(), PASSWORD);
        browser.open("/instellingen/kantoor/boekhoudsysteem");
        assertThat(browser.text(By.cssSelector("#systeem-exact-online .status-label"))).isEqualTo("niet verbonden");
        assertThat(browser.driver.findElements(By.cssSelector("button.koppeling-maken"))).isEmpty();
        assertThat(browser.text(By.cssSelector("#systeem-exact-online .who-can-link")))
                .isEqualTo("Alleen " + syncUserName + ", de synchronisatiegebruiker, kan de koppeling maken.");
        assertThat(browser.text(By.cssSelector(".who-can-manage"))).contains(syncUserName)
                .contains("Name of " + office.accountant().username());
        assertThat(browser.driver.findElements(By.id("nieuw-type"))).isEmpty();
        browser.screenshot("07-gebruiker-ziet-wie-kan-koppelen");

        // at a phone's width: nothing to scroll sideways, every control has its label
        browser.phoneWidth(true);
        browser.open("/instellingen/kantoor/boekhoudsysteem");
        assertThat(browser.overflowsSideways()).isFalse();
        browser.screenshot("08-telefoon-boekhoudsysteem");
        browser.phoneWidth(false);

        // the accountant reads English (language en) and may change the sync user
        browser.signIn(office.accountant().username(), PASSWORD);
        browser.open("/instellingen/kantoor/boekhoudsysteem");
        assertThat(browser.text(By.cssSelector("#systeem-exact-online .status-label"))).isEqualTo("disconnected");
        assertThat(browser.text(By.cssSelector("#systeem-exact-online .who-can-link")))
                .isEqualTo("Only " + syncUserName + ", the sync user, can make the link.");
        assertThat(browser.text(By.cssSelector("label[for='sync-user-exact-online']"))).isEqualTo("Change the sync user");
        assertEveryControlHasALabel();
        browser.screenshot("09-accountant-engels");
    }

    @Test
    void aDossierIsAddedAndSynchronisedByHandOnceIn15Minutes() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        TestApi.Reply off = api.patch(office.path() + "/accounting-systems/" + connectionId,
                office.superUser().username(), PASSWORD, Map.of("autoAddNewDossiers", false));
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        List<SimulatedDivision> divisions = TestSimulators.generate(seed -> GenerationPlan.of(seed,
                office.exactUserName(), 2, 3).withCounts(2, 2, 2, 1, 1));
        String code = Integer.toString(divisions.get(0).code());

        browser.signIn(office.superUser().username(), PASSWORD);
        browser.open("/dossiers");
        browser.driver.findElement(By.id("toevoegen-exact-online")).click();
        WebElement choice = browser.waitFor(By.cssSelector("input[name='externalId'][value='" + code + "']"));
        browser.screenshot("10-dossiers-toevoegen");
        choice.click();
        browser.driver.findElement(By.id("toevoegen")).click();
        browser.waitForText(By.id("melding"), "Toegevoegd");
        assertThat(browser.text(By.id("dossiers"))).contains(code);
        browser.screenshot("11-dossiers");

        browser.driver.findElement(By.xpath("//table[@id='dossiers']//tr[td[2][text()='" + code + "']]//a")).click();
        browser.waitFor(By.id("soorten"));
        assertThat(browser.text(By.id("soorten"))).contains("Relaties").contains("Grootboekrekeningen");
        browser.driver.findElement(By.id("nu-synchroniseren")).click();
        browser.waitForText(By.id("melding"), "Synchronisatie gestart");
        // the limit: no button for 15 minutes, but the time it is possible again
        assertThat(browser.driver.findElements(By.id("nu-synchroniseren"))).isEmpty();
        assertThat(browser.text(By.id("weer-mogelijk"))).startsWith("Nu synchroniseren is weer mogelijk op ");
        browser.screenshot("12-dossier-handmatig-gesynchroniseerd");
    }

    /** Every visible input and select is named by a label (for=id) or an aria-label. */
    private void assertEveryControlHasALabel() {
        for (WebElement control : browser.driver.findElements(By.cssSelector("input:not([type=hidden]), select"))) {
            String id = control.getAttribute("id");
            boolean labelled = control.getAttribute("aria-label") != null
                    || (id != null && !browser.driver.findElements(By.cssSelector("label[for='" + id + "']")).isEmpty());
            assertThat(labelled).as("control %s has a label", control.getAttribute("name")).isTrue();
        }
    }
}
