"""Demo calls: the trafficking call of 2024 (closed), an open call and an upcoming one.

All text is our own wording. Dates of the open and upcoming calls are set relative to the day the
demo is first loaded; loading again leaves existing calls untouched.
"""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from calls.choices import CallStatus
from calls.models import Call
from calls.services import call_save
from core.choices import AuditVerb
from core.services import audit_record
from taxonomy.models import Objective

TRAFFICKING = {
    "slug": "trafficking-in-persons-2024",
    "objectives": [10, 7, 23],
    "status": CallStatus.CLOSED,
    "opens_at": datetime(2024, 5, 2, 9, 0, tzinfo=UTC),
    # 24 June 2024, end of the day in New York (UTC-4 in June), as the call announced it.
    "deadline": datetime(2024, 6, 25, 3, 59, tzinfo=UTC),
    "timezone": "America/New_York",
    "text": {
        "en": {
            "title": "Prevent, combat and eliminate trafficking in persons",
            "theme": "Trafficking in persons",
            "occasion": "World Day against Trafficking in Persons, 30 July 2024",
            "summary": "A joint call with IOM's Migrant Protection Platform for practices that prevent trafficking, protect victims and survivors, and put children first.",
            "context": (
                "On any given day, around 50 million people are held in modern slavery, according to the "
                "Global Estimates of Modern Slavery published by ILO, IOM and Walk Free. Children are "
                "trafficked at every age, whatever their sex or nationality, and UNODC's Global Report "
                "on Trafficking in Persons finds that they are twice as likely as adults to suffer "
                "violence at the hands of traffickers.\n\n"
                "Not every victim is a migrant. Yet conflict, displacement and the effects of climate "
                "change push more people onto unsafe routes where traffickers find them. In the run-up "
                "to the World Day against Trafficking in Persons, whose 2024 theme was *Leave no child "
                "behind in the fight against human trafficking*, the Migration Network Hub and IOM's "
                "Migrant Protection Platform invited everyone working on the issue to share what works."
            ),
            "actions": (
                "- Protecting the rights of migrants, whatever their migration status.\n"
                "- Safety, health and well-being of victims and survivors.\n"
                "- Child protection as a priority in law, enforcement and budgets.\n"
                "- Reducing the poverty and inequality that leave children exposed.\n"
                "- Innovation and cooperation between technology companies and law enforcement, and legal "
                "frameworks against the exploitation of children online.\n"
                "- Stronger capacities in government, the private sector and civil society, with survivors "
                "taking part.\n"
                "- Child-protection systems that include every child."
            ),
            "who_can_submit": "Any UN Member State, any member of the UN Network on Migration, and any other actor working on migration.",
            "criteria": (
                "Practices should be completed, or nearly so, so that their lessons and recommendations "
                "can be shared. Read the [full criteria for practices](/en/about/)."
            ),
            "how_to_submit": (
                "Prepare your practice with the Word template, then submit it through the online form. "
                "Questions can be sent to the Hub team through the contact page."
            ),
        },
        "fr": {
            "title": "Prévenir, combattre et éliminer la traite de personnes",
            "theme": "Traite de personnes",
            "occasion": "Journée mondiale de la lutte contre la traite d'êtres humains, 30 juillet 2024",
            "summary": "Un appel conjoint avec la plateforme de protection des migrants de l'OIM, pour des pratiques qui préviennent la traite, protègent les victimes et les survivants et placent les enfants au premier plan.",
            "context": (
                "Chaque jour, quelque 50 millions de personnes vivent en situation d'esclavage moderne, "
                "selon les estimations mondiales publiées par l'OIT, l'OIM et Walk Free. La traite touche "
                "des enfants de tout âge, de tout sexe et de toute nationalité ; d'après le rapport mondial "
                "de l'ONUDC sur la traite des personnes, ils risquent deux fois plus que les adultes de "
                "subir des violences de la part des trafiquants.\n\n"
                "Toutes les victimes ne sont pas des migrants. Mais les conflits, les déplacements et les "
                "effets du changement climatique poussent davantage de personnes sur des routes dangereuses "
                "où les trafiquants les repèrent. À l'approche de la Journée mondiale, dont le thème 2024 "
                "était *Ne laisser aucun enfant de côté dans la lutte contre la traite*, le Hub et la "
                "plateforme de l'OIM ont invité tous les acteurs concernés à partager ce qui fonctionne."
            ),
            "actions": (
                "- Protéger les droits des migrants, quel que soit leur statut.\n"
                "- Sécurité, santé et bien-être des victimes et des survivants.\n"
                "- Faire de la protection de l'enfance une priorité dans la loi, son application et les budgets.\n"
                "- Réduire la pauvreté et les inégalités qui exposent les enfants.\n"
                "- Innovation et coopération entre entreprises technologiques et forces de l'ordre, et cadres "
                "juridiques contre l'exploitation des enfants en ligne.\n"
                "- Renforcer les capacités des pouvoirs publics, du secteur privé et de la société civile, "
                "avec la participation des survivants.\n"
                "- Des systèmes de protection de l'enfance qui incluent chaque enfant."
            ),
            "who_can_submit": "Tout État membre de l'ONU, tout membre du Réseau des Nations Unies sur les migrations et tout autre acteur des migrations.",
            "criteria": (
                "Les pratiques doivent être achevées ou presque, afin que leurs enseignements et "
                "recommandations puissent être partagés. Consultez les [critères complets](/fr/about/)."
            ),
            "how_to_submit": (
                "Préparez votre pratique avec le modèle Word, puis soumettez-la au moyen du formulaire en "
                "ligne. Pour toute question, écrivez à l'équipe du Hub depuis la page de contact."
            ),
        },
        "es": {
            "title": "Prevenir, combatir y eliminar la trata de personas",
            "theme": "Trata de personas",
            "occasion": "Día Mundial contra la Trata de Personas, 30 de julio de 2024",
            "summary": "Una convocatoria conjunta con la Plataforma de Protección de Migrantes de la OIM para reunir prácticas que previenen la trata, protegen a víctimas y sobrevivientes y ponen a la infancia en primer lugar.",
            "context": (
                "Cada día, unos 50 millones de personas viven en esclavitud moderna, según las "
                "estimaciones mundiales de la OIT, la OIM y Walk Free. La trata afecta a niñas y niños de "
                "cualquier edad, sexo y nacionalidad, y el informe mundial de la UNODC sobre la trata de "
                "personas señala que corren el doble de riesgo que las personas adultas de sufrir violencia.\n\n"
                "No todas las víctimas son migrantes. Aun así, los conflictos, los desplazamientos y los "
                "efectos del cambio climático empujan a más personas hacia rutas peligrosas donde los "
                "tratantes las encuentran. Antes del Día Mundial, cuyo lema en 2024 fue *No dejar a ningún "
                "niño atrás en la lucha contra la trata*, el Hub y la plataforma de la OIM invitaron a "
                "todos los actores a compartir lo que funciona."
            ),
            "actions": (
                "- Proteger los derechos de las personas migrantes, sea cual sea su situación.\n"
                "- Seguridad, salud y bienestar de víctimas y sobrevivientes.\n"
                "- La protección de la infancia como prioridad en la ley, su aplicación y los presupuestos.\n"
                "- Reducir la pobreza y la desigualdad que dejan expuestos a niñas y niños.\n"
                "- Innovación y cooperación entre empresas tecnológicas y fuerzas del orden, y marcos "
                "jurídicos contra la explotación infantil en línea.\n"
                "- Fortalecer las capacidades de gobiernos, sector privado y sociedad civil, con la "
                "participación de sobrevivientes.\n"
                "- Sistemas de protección de la infancia que incluyan a todas las niñas y todos los niños."
            ),
            "who_can_submit": "Cualquier Estado Miembro de la ONU, cualquier miembro de la Red de las Naciones Unidas sobre la Migración y cualquier otro actor de la migración.",
            "criteria": (
                "Las prácticas deben estar terminadas o casi terminadas, para que sus lecciones y "
                "recomendaciones puedan compartirse. Consulte los [criterios completos](/es/about/)."
            ),
            "how_to_submit": (
                "Prepare su práctica con la plantilla de Word y envíela mediante el formulario en línea. "
                "Si tiene preguntas, escriba al equipo del Hub desde la página de contacto."
            ),
        },
    },
}


def _open_call() -> dict:
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "slug": "migration-data",
        "objectives": [1, 17],
        "status": CallStatus.OPEN,
        "opens_at": today - timedelta(days=14),
        "deadline": today + timedelta(days=45, hours=23, minutes=59),
        "text": {
            "en": {
                "title": "Migration data for better policies",
                "theme": "Migration data",
                "occasion": "",
                "summary": "Share practices that collect, share and use reliable, disaggregated migration data to shape policy.",
                "context": "Good decisions on migration need accurate figures broken down by sex, age and migration status. This call looks for practices that improved how data on migration is collected, protected, shared between institutions and used in public debate.",
                "actions": "- Household surveys, censuses and administrative records that include migrants.\n- Safe sharing of data between institutions and countries.\n- Using data to counter misleading public narratives.",
                "who_can_submit": "Any UN Member State, any member of the UN Network on Migration, and any other actor working on migration.",
                "criteria": "Practices should be completed, or nearly so, and linked to objective 1 of the Global Compact.",
                "how_to_submit": "Use the online form, or prepare your answers with the Word template first.",
            },
            "fr": {
                "title": "Des données migratoires pour de meilleures politiques",
                "theme": "Données sur les migrations",
                "occasion": "",
                "summary": "Partagez des pratiques qui recueillent, partagent et utilisent des données migratoires fiables et ventilées pour éclairer les politiques.",
                "context": "De bonnes décisions en matière de migration exigent des chiffres exacts, ventilés par sexe, âge et statut migratoire. Cet appel recherche des pratiques qui ont amélioré la collecte, la protection, le partage entre institutions et l'usage public des données sur les migrations.",
                "actions": "- Enquêtes, recensements et registres administratifs qui incluent les migrants.\n- Partage sécurisé des données entre institutions et pays.\n- Utiliser les données pour répondre aux discours trompeurs.",
                "who_can_submit": "Tout État membre de l'ONU, tout membre du Réseau des Nations Unies sur les migrations et tout autre acteur des migrations.",
                "criteria": "Les pratiques doivent être achevées ou presque, et liées à l'objectif 1 du Pacte mondial.",
                "how_to_submit": "Utilisez le formulaire en ligne, ou préparez d'abord vos réponses avec le modèle Word.",
            },
            "es": {
                "title": "Datos migratorios para mejores políticas",
                "theme": "Datos sobre migración",
                "occasion": "",
                "summary": "Comparta prácticas que recopilan, comparten y utilizan datos migratorios fiables y desglosados para orientar las políticas.",
                "context": "Las buenas decisiones sobre migración necesitan cifras exactas desglosadas por sexo, edad y situación migratoria. Esta convocatoria busca prácticas que mejoraron la recopilación, la protección, el intercambio entre instituciones y el uso público de los datos migratorios.",
                "actions": "- Encuestas, censos y registros administrativos que incluyen a las personas migrantes.\n- Intercambio seguro de datos entre instituciones y países.\n- Uso de datos para responder a discursos engañosos.",
                "who_can_submit": "Cualquier Estado Miembro de la ONU, cualquier miembro de la Red de las Naciones Unidas sobre la Migración y cualquier otro actor de la migración.",
                "criteria": "Las prácticas deben estar terminadas o casi terminadas y vinculadas al objetivo 1 del Pacto Mundial.",
                "how_to_submit": "Utilice el formulario en línea o prepare antes sus respuestas con la plantilla de Word.",
            },
        },
    }


def _upcoming_call() -> dict:
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "slug": "domestic-workers-agents-of-change",
        "objectives": [6, 16],
        "status": CallStatus.SCHEDULED,
        "opens_at": today + timedelta(days=20, hours=9),
        "deadline": today + timedelta(days=80, hours=23, minutes=59),
        "text": {
            "en": {
                "title": "Migrant domestic workers as agents of change",
                "theme": "Decent work",
                "occasion": "International Domestic Workers Day, 16 June",
                "summary": "With ILO: practices in which migrant domestic workers secure decent work and shape the policies that affect them.",
                "context": "Millions of migrant domestic workers care for households far from their own. This call, prepared with ILO, will gather practices that protect their rights and let them take part in decisions.",
                "actions": "- Fair recruitment and written contracts.\n- Organising and representation of domestic workers.\n- Access to social protection and justice.",
                "who_can_submit": "Any UN Member State, any member of the UN Network on Migration, and any other actor working on migration.",
                "criteria": "Practices should be completed, or nearly so.",
                "how_to_submit": "The form opens on the opening date of the call.",
            },
            "fr": {
                "title": "Les travailleuses et travailleurs domestiques migrants, acteurs du changement",
                "theme": "Travail décent",
                "occasion": "Journée internationale des travailleurs domestiques, 16 juin",
                "summary": "Avec l'OIT : des pratiques où les travailleurs domestiques migrants obtiennent un travail décent et contribuent aux politiques qui les concernent.",
                "context": "Des millions de travailleurs domestiques migrants prennent soin de foyers loin du leur. Cet appel, préparé avec l'OIT, réunira des pratiques qui protègent leurs droits et leur donnent voix au chapitre.",
                "actions": "- Recrutement équitable et contrats écrits.\n- Organisation et représentation des travailleurs domestiques.\n- Accès à la protection sociale et à la justice.",
                "who_can_submit": "Tout État membre de l'ONU, tout membre du Réseau des Nations Unies sur les migrations et tout autre acteur des migrations.",
                "criteria": "Les pratiques doivent être achevées ou presque.",
                "how_to_submit": "Le formulaire ouvrira à la date d'ouverture de l'appel.",
            },
            "es": {
                "title": "Las trabajadoras y los trabajadores domésticos migrantes como agentes de cambio",
                "theme": "Trabajo decente",
                "occasion": "Día Internacional de las Trabajadoras y los Trabajadores Domésticos, 16 de junio",
                "summary": "Con la OIT: prácticas en las que las personas trabajadoras domésticas migrantes logran un trabajo decente e influyen en las políticas que les afectan.",
                "context": "Millones de trabajadoras y trabajadores domésticos migrantes cuidan hogares lejos del suyo. Esta convocatoria, preparada con la OIT, reunirá prácticas que protegen sus derechos y les dan voz.",
                "actions": "- Contratación equitativa y contratos por escrito.\n- Organización y representación de las personas trabajadoras domésticas.\n- Acceso a la protección social y a la justicia.",
                "who_can_submit": "Cualquier Estado Miembro de la ONU, cualquier miembro de la Red de las Naciones Unidas sobre la Migración y cualquier otro actor de la migración.",
                "criteria": "Las prácticas deben estar terminadas o casi terminadas.",
                "how_to_submit": "El formulario se abrirá en la fecha de apertura de la convocatoria.",
            },
        },
    }


def _create(spec: dict) -> bool:
    if Call.objects.filter(slug=spec["slug"]).exists():
        return False
    fields = {}
    for lang, texts in spec["text"].items():
        for key, value in texts.items():
            fields[f"{key}_{lang}"] = value
    call = Call(
        slug=spec["slug"],
        status=spec["status"],
        opens_at=spec["opens_at"],
        deadline=spec["deadline"],
        timezone=spec.get("timezone") or "UTC",
        **fields,
    )
    call.full_clean()
    call_save(call=call, actor=None)
    call.objectives.set(Objective.objects.filter(number__in=spec["objectives"]))
    audit_record(actor=None, target=call, verb=AuditVerb.DEMO_CREATED, to_status=call.status)
    return True


def load() -> int:
    return sum(_create(spec) for spec in (TRAFFICKING, _open_call(), _upcoming_call()))
