"""Demo contact: FAQ entries in English, French and Spanish, and four messages to the Hub team
(one new, one assigned, one answered from the inbox, one closed).

Idempotent: FAQ entries are matched by their English question, messages by subject."""

from accounts.models import User
from contact.models import ContactMessage, FaqEntry
from contact.services import message_assign, message_close, message_receive, message_reply

# category, (question, answer) in en, fr, es
FAQ = [
    (
        "submission",
        (
            "Can I change a practice after submitting it?",
            "Yes, until the screening starts: open it from **My submissions**. After that, "
            "write to the call's team from the call page.",
        ),
        (
            "Puis-je modifier une pratique après l'avoir soumise ?",
            "Oui, jusqu'au début de la présélection : ouvrez-la depuis **Mes soumissions**. "
            "Ensuite, écrivez à l'équipe de l'appel depuis la page de l'appel.",
        ),
        (
            "¿Puedo cambiar una práctica después de enviarla?",
            "Sí, hasta que empiece la preselección: ábrala desde **Mis envíos**. Después, "
            "escriba al equipo de la convocatoria desde la página de la convocatoria.",
        ),
    ),
    (
        "technical",
        (
            "I did not receive the e-mail to confirm my address.",
            "Look in your spam folder, then ask for a new e-mail from the sign-in page.",
        ),
        (
            "Je n'ai pas reçu le courriel de confirmation de mon adresse.",
            "Regardez dans vos indésirables, puis demandez un nouveau courriel depuis la page "
            "de connexion.",
        ),
        (
            "No recibí el correo para confirmar mi dirección.",
            "Revise su carpeta de correo no deseado y pida un nuevo correo desde la página de "
            "inicio de sesión.",
        ),
    ),
    (
        "general",
        (
            "How can my government ask for support?",
            "A government focal point files a request on the **Support** page. Write to us to "
            "become a focal point: we check your institution first.",
        ),
        (
            "Comment mon gouvernement peut-il demander un appui ?",
            "Un point focal gouvernemental dépose une demande sur la page **Appui**. Écrivez-nous "
            "pour devenir point focal : nous vérifions d'abord votre institution.",
        ),
        (
            "¿Cómo puede mi gobierno pedir apoyo?",
            "Un punto focal del gobierno presenta una solicitud en la página **Apoyo**. "
            "Escríbanos para ser punto focal: primero verificamos su institución.",
        ),
    ),
]

# category, name, email, language, subject, body, what the team did
MESSAGES = [
    ("general", "Nadia Rahman", "nadia@example.net", "en", "Joining the Network",
     "How can our organisation become a member of the Network?", "new"),
    ("technical", "Pierre Lefèvre", "pierre@example.net", "fr", "Le PDF ne s'ouvre pas",
     "Le PDF de la pratique sur la santé des migrants ne s'ouvre pas.", "assigned"),
    ("correction", "Carmen Díaz", "carmen@example.net", "es", "Error en una práctica",
     "El país de la práctica sobre trabajadores temporales es Guatemala, no Honduras.",
     "answered"),
    ("press", "Tom Baker", "tom@example.net", "en", "Interview request",
     "Could someone from the Hub speak to us about the repository?", "closed"),
]  # fmt: skip


def _faq() -> int:
    created = 0
    for position, (category, en, fr, es) in enumerate(FAQ, 1):
        if FaqEntry.objects.filter(question_en=en[0]).exists():
            continue
        FaqEntry.objects.create(
            category=category,
            position=position,
            question_en=en[0],
            answer_en=en[1],
            question_fr=fr[0],
            answer_fr=fr[1],
            question_es=es[0],
            answer_es=es[1],
        )
        created += 1
    return created


def _messages(team: User) -> int:
    created = 0
    for category, name, email, language, subject, body, done in MESSAGES:
        if ContactMessage.objects.filter(subject=subject, email=email).exists():
            continue
        message = message_receive(
            sender=None, language=language, category=category, name=name, email=email,
            subject=subject, body=body,
        )  # fmt: skip
        if done == "assigned":
            message_assign(message=message, actor=team, to=team)
        if done in ("answered", "closed"):
            message_reply(message=message, actor=team, body="Thank you, we have corrected it.")
        if done == "closed":
            message.refresh_from_db()
            message_close(message=message, actor=team)
        created += 1
    return created


def load() -> int:
    team = User.objects.get(email="curator@example.org")
    return _faq() + _messages(team)


def describe() -> str:
    return "  demo: contact form at /en/contact/, messages in the team's inbox"
